"""The playbook's one home.

When each step of a follow-up plan falls due (rules), which messages are offered or
refused and why (offers), the guardrails on recording a send (guardrails), and the
words that explain all of it (words). Pure Python: it imports none of our apps, and
the models, views and templates only store and show what it decides.
"""
