"""The core: settings, reference data, extracts, loading, derived tables, statistics, discretion and the figures API (no Streamlit, no presentation)."""
