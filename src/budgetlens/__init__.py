"""budgetlens: read, understand and audit Chinese government budget and final-account disclosures."""

__version__ = "0.1.0"
