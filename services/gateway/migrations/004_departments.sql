-- A department user (消防, 房管, …) follows up the hazard notices sent to their department.
ALTER TABLE users ADD COLUMN department text;
