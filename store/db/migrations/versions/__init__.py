"""Migration scripts, one per revision (`rev<NNNN>_<what>.py`)."""
