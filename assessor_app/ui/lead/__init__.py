"""The lead assessor's screens: reconciling two blind scores, agreement between assessors,
identity reports and reassignment, and exporting final results. :class:`LeadUi` in
:mod:`assessor_app.ui.lead.lead_ui` puts them together for the main window."""
