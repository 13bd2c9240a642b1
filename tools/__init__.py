"""Repository tools: regeneration, spec bumps, operation coverage, local fakes and the demo."""
