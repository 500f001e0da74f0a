"""The demo logins' one password (the demo accounts are refused in production)."""

DEMO_PASSWORD = "liangfa-demo-2026"
