"""Popularity page components."""
