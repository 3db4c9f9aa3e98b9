"""``leanbridge report``: a static HTML site (Jinja2, no JavaScript) of artifacts and claims."""
