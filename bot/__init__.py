"""factbot: answers factual questions about news articles with the figure, its sentence and its article."""
