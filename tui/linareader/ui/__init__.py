"""The Textual front end: the app, its screens and widgets (the only package importing Textual)."""
