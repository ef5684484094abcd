"""Tests of the head-to-head domain: rubric rules, the matrix command and its records, the source check."""
