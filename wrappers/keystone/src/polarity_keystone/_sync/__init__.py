"""Generated sync clients; see ../_async."""
