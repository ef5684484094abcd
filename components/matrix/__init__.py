"""Head-to-head and claims check components."""
