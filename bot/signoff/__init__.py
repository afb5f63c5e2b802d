"""Approvers confirm the office-use steps, undo the latest, or record no response required."""
