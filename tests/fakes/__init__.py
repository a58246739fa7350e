"""Local stand-ins for third-party services, spoken to over their real protocols on 127.0.0.1."""
