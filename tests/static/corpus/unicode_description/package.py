name = "unicode_description"
version = "1.0.0"
description = "Outils de compositing — café, naïve, 日本語のツール 🎬"
authors = ["Zoë Lefèvre", "José Núñez", "山田太郎"]
requires = ["python-3.9", "numpy-1.24"]  # les dépendances 🐍
help = [["Documentation", "https://docs.example.com/ü"], ["Ticket", "https://tracker.example.com"]]
