"""One module per page body; the files in pages/ call them. A page never imports another page."""
