"""The monthly statement and the laggard report (PDF, Excel); no command-line code."""
