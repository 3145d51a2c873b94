"""The demo district 示范区: what `liudong run` loads on a first start, and `liudong demo`."""
