"""The per-process page cache of the web app (`cchc.kernel.generation_cache.GenerationCache`)."""

from cchc.kernel.generation_cache import GenerationCache

__all__ = ["GenerationCache"]
