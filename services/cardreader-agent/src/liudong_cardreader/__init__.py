"""The card-reader agent: runs on the desk PC, reads a card when the browser asks, keeps nothing."""
