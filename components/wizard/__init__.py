"""Recommendation wizard components: the sidebar block and the Recommendation page."""
