"""Artifact viewers: the PDF viewer (``pdf_view.PdfViewer``) and its rendering pipeline."""
