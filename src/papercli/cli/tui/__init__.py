"""The full-screen triage UI (Textual). Imported only by ``papercli triage`` and ``browse``,
so no other command pays for loading Textual."""
