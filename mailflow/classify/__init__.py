"""Classify stage: partner type, topic and kind from rule files, with explanations."""
