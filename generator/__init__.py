"""showcase: publications, presentations and project outputs of a research group, as a site."""

__version__ = "0.1.0"
