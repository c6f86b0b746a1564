"""Runs SCORM packages in a real browser against a test LMS; see harness.py."""
