"""The only Streamlit code besides app.py and pages/: typed cached figures (api), selections and page furniture (state), server start (serve)."""
