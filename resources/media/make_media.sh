#!/usr/bin/env bash
# Rebuild the demo media in this folder from nothing but text:
#   staff_meeting_norms.webm          40 s, 640x360, VP8 + Vorbis, key frame every 2 s
#   conversation_protocol_practice.ogg 50 s, mono Opus
#
# Needs: ffmpeg (with libvpx, libvorbis, libopus, drawtext), ffprobe, espeak-ng, and the
# DejaVu fonts (Debian/Ubuntu: apt-get install ffmpeg espeak-ng fonts-dejavu-core).
#
# The scene and segment timings below are also written into
# assessor_app/portal/demo_content/media.py; change both together.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

FONTDIR=/usr/share/fonts/truetype/dejavu
SANS=$FONTDIR/DejaVuSans.ttf
BOLD=$FONTDIR/DejaVuSans-Bold.ttf
MONO=$FONTDIR/DejaVuSansMono.ttf
for f in "$SANS" "$BOLD" "$MONO"; do
    [ -r "$f" ] || { echo "missing font $f (apt-get install fonts-dejavu-core)" >&2; exit 1; }
done
for tool in ffmpeg ffprobe espeak-ng; do
    command -v "$tool" >/dev/null || { echo "missing $tool" >&2; exit 1; }
done

duration() { ffprobe -v error -show_entries format=duration -of csv=p=0 "$1"; }

# Speak $3 with voice $1 at speed $2 into a mono 48 kHz clip exactly $4 seconds long, with
# 0.3 s of lead-in. Fails when the speech does not fit its slot.
speak_slot() {
    local voice=$1 speed=$2 text=$3 slot=$4 out=$5
    espeak-ng -v "$voice" -s "$speed" -w "$WORK/raw.wav" "$text"
    local spoken
    spoken=$(duration "$WORK/raw.wav")
    if awk -v s="$spoken" -v t="$slot" 'BEGIN { exit !(s + 0.5 > t) }'; then
        echo "speech of ${spoken}s does not fit a ${slot}s slot: $text" >&2
        exit 1
    fi
    ffmpeg -nostdin -loglevel error -y -i "$WORK/raw.wav" \
        -af "aresample=48000,adelay=300:all=1,apad" -t "$slot" -ac 1 -ar 48000 "$out"
}

# ---------------------------------------------------------------- video: staff meeting ------
# start  end  header colour  agenda title | slide body (\n = new line) | narration
START=(0 6 16 24 34)
END=(6 16 24 34 40)
COLOUR=(0x1F3A5F 0x2E6B4F 0x5B3A7A 0x8A5320 0x3A4450)
TITLE=(
    "Staff meeting — opening"
    "Norms check-in — agenda item 2"
    "Grade 7 team share-out — agenda item 3"
    "Open office hours — agenda item 4"
    "Closing — exit ticket"
)
BODY=(
    "Purpose: how we agree to work together\nFirst 20 minutes, before any announcements"
    "Each team rates our five norms: green / yellow / red\nNorm 3 \"assume positive intent\": 2 teams yellow\nQuestion: what would move it to green?"
    "Proposal: a rotating advisory schedule\nParking lot: every idea gets a hearing\nDecision at the next meeting, after team input"
    "Classroom visits: Tuesday and Thursday mornings\nOffice open: Wednesdays 3:00-4:00 pm\nNo appointment needed"
    "One word: how did today's meeting feel?\nTickets go in the tray by the door"
)
SPEAKER=(0 0 2 0 0) # which participant tile is speaking (0 = principal, 2 = grade 7 team)
SCENE_VOICE=(en-us en-us en-gb-x-rp+m3 en-us en-us)
SAY=(
    "Welcome, everyone. Today we start with how we work together."
    "Agenda item two, our norms check-in. Teams rated each norm green, yellow or red. Two teams gave norm three a yellow. Let's hear why."
    "Our grade seven team proposes a rotating advisory schedule. It is a big change, so it goes on the parking lot first."
    "Item four, office hours. I'm in classrooms Tuesday and Thursday mornings, and my door is open Wednesdays after school. No appointment needed."
    "Please write one word on the exit ticket about how today felt. Thank you."
)
TOTAL=40
TILES=("Principal · host" "Grade 6 team" "Grade 7 team" "Grade 8 team" "Student services")

inputs=()
concat=""
for i in "${!START[@]}"; do
    slot=$((END[i] - START[i]))
    speak_slot "${SCENE_VOICE[i]}" 170 "${SAY[i]}" "$slot" "$WORK/scene$i.wav"
    inputs+=(-i "$WORK/scene$i.wav")
    concat+="[$i:a]"
    printf '%s' "${TITLE[i]}" >"$WORK/title$i.txt"
    printf '%b' "${BODY[i]}" >"$WORK/body$i.txt"
done
n=${#START[@]}
# Narration over a faint, seeded (so repeatable) room tone.
ffmpeg -nostdin -loglevel error -y "${inputs[@]}" -filter_complex \
    "${concat}concat=n=$n:v=0:a=1[voice];anoisesrc=color=pink:amplitude=0.006:seed=7:sample_rate=48000:duration=$TOTAL[room];[voice][room]amix=inputs=2:duration=first:normalize=0[out]" \
    -map "[out]" -ac 1 -ar 48000 "$WORK/narration.wav"

# The "slide being shared in a call": dark frame, white card, coloured header per scene,
# a row of participant tiles with the speaker outlined, a blinking REC dot, a burnt-in running timecode (HH:MM:SS.mmm), a scene counter and a
# progress bar, so a reviewer can see that a cited time landed on the right scene.
{
    echo "color=c=0x1E1F22:s=640x360:r=25:d=$TOTAL[bg];"
    echo "color=c=0x4A90D9:s=640x4:r=25:d=$TOTAL[bar];"
    echo "[bg]drawbox=x=40:y=44:w=560:h=206:color=0xF6F5F0:t=fill,"
    for j in "${!TILES[@]}"; do
        x=$((40 + j * 114))
        printf '%s' "${TILES[j]}" >"$WORK/tile$j.txt"
        echo "drawbox=x=$x:y=260:w=104:h=34:color=0x2F3237:t=fill,"
        echo "drawtext=fontfile=$SANS:textfile=$WORK/tile$j.txt:x=$x+(104-tw)/2:y=271:fontsize=11:fontcolor=0xD6D9DE,"
    done
    for i in "${!START[@]}"; do
        en="enable='between(t,${START[i]},${END[i]}-0.001)'"
        echo "drawbox=x=40:y=44:w=560:h=56:color=${COLOUR[i]}:t=fill:$en,"
        echo "drawtext=fontfile=$BOLD:textfile=$WORK/title$i.txt:x=58:y=62:fontsize=21:fontcolor=white:$en,"
        echo "drawtext=fontfile=$SANS:textfile=$WORK/body$i.txt:x=58:y=122:fontsize=17:line_spacing=14:fontcolor=0x23262B:$en,"
        echo "drawtext=fontfile=$SANS:text='Scene $((i + 1)) of $n':x=w-tw-40:y=308:fontsize=14:fontcolor=0xB8BCC4:$en,"
        echo "drawbox=x=$((40 + SPEAKER[i] * 114)):y=260:w=104:h=34:color=0x43A047:t=2:$en,"
    done
    echo "drawbox=x=14:y=14:w=12:h=12:color=0xE53935:t=fill:enable='lt(mod(t,1),0.6)',"
    echo "drawtext=fontfile=$BOLD:text='REC':x=32:y=12:fontsize=15:fontcolor=white,"
    echo "drawtext=fontfile=$MONO:text='%{pts\\:hms}':x=w-tw-14:y=12:fontsize=16:fontcolor=white:box=1:boxcolor=black@0.55:boxborderw=4,"
    echo "drawtext=fontfile=$SANS:text='Staff meeting · recorded for the leader portfolio':x=40:y=308:fontsize=14:fontcolor=0xB8BCC4[card];"
    echo "[card][bar]overlay=x='-W+W*t/$TOTAL':y=H-4[v]"
} >"$WORK/video.filter"

ffmpeg -nostdin -loglevel error -y -filter_complex_script "$WORK/video.filter" \
    -i "$WORK/narration.wav" -map "[v]" -map 0:a \
    -c:v libvpx -b:v 160k -crf 12 -qmax 40 -g 50 -keyint_min 50 -auto-alt-ref 0 \
    -c:a libvorbis -q:a 1 -ac 1 \
    -t $TOTAL -fflags +bitexact -flags:v +bitexact -flags:a +bitexact \
    "$HERE/staff_meeting_norms.webm"

# --------------------------------------------------- audio: protocol practice conversation --
# A role-play of a four-step protocol for a difficult conversation, two voices, 10 s slots.
VOICE=(en-us+f3 en-gb-x-rp+m3 en-us+f3 en-gb-x-rp+m3 en-us+f3)
LINE=(
    "This is a practice run of our four step protocol for hard conversations. Step one. Name the purpose in a single sentence."
    "The purpose is to agree how our team responds when homework completion drops, without blaming any one teacher or any one class."
    "Step two. Listen first, then paraphrase what you heard before you answer. Let me try. You are worried the new policy adds grading time."
    "Yes, exactly. Step three is to ask what we both want for students. I think we both want fewer zeros and more useful feedback."
    "Step four. Agree on one next step and a date to check in. We will pilot late work conferences for three weeks, then review the data together."
)
inputs=()
concat=""
for i in "${!LINE[@]}"; do
    speak_slot "${VOICE[i]}" 165 "${LINE[i]}" 10 "$WORK/line$i.wav"
    inputs+=(-i "$WORK/line$i.wav")
    concat+="[$i:a]"
done
ffmpeg -nostdin -loglevel error -y "${inputs[@]}" -filter_complex \
    "${concat}concat=n=${#LINE[@]}:v=0:a=1[a]" -map "[a]" \
    -c:a libopus -b:a 24k -ac 1 -fflags +bitexact -flags:a +bitexact \
    "$HERE/conversation_protocol_practice.ogg"

for f in staff_meeting_norms.webm conversation_protocol_practice.ogg; do
    printf '%-36s %8d bytes  %ss\n' "$f" "$(stat -c %s "$HERE/$f")" "$(duration "$HERE/$f")"
done
