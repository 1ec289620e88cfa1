"""What a recruiter can do, independent of Slack payloads: typed inputs, typed results."""
