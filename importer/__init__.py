"""The plain-text importer: splits a dump into posts and stores them through the site's models."""
