"""Presentation shared by pages and reports: Danish formats and sentences, Plotly charts, CSV/Excel tables."""
