"""Alert service: heat and organizing rules over analyzed posts, graded 高/中/低, delivered to channels.

Built in issue 4/4; this package holds nothing yet.
"""
