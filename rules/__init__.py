"""Detection and etiquette rules; phrase lists live in rules/data/."""
