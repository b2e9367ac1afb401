"""Reading: the project, its settings and its manuscript, into the document model."""
