"""Files to articles: loaders per format (text, Markdown, HTML, PDF, DOCX, JSON), metadata, folder watching."""
