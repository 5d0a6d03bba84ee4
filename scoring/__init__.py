"""Pure scoring models (numpy only): seed formulas, recommender, mastery, reviews, planner.

No I/O, no database, no Qt, and nothing else of ours is imported here: arrays and
dataclasses in, arrays and dataclasses out. Safe to call from any thread.
"""
