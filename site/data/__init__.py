"""What the site stores and how it reads it: the database extension, the models, the read
queries, the search index, the share counts' table, the version watch and the maintainers'
lock. Nothing here writes HTML; a post that is not there or is hidden is a 404 or a 410."""
