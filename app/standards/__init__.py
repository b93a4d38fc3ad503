"""National standards and data formats: credit codes, phones, dates, text folding."""
