"""DNA kinship engine (documented fully below once the API is assembled)."""
