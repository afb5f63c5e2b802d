"""Process wiring: the Bolt app, the WSGI server and the `s55bot` command line."""
