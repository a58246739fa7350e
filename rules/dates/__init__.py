"""Dates in the hiring side's mail, one job per module:

- `mentions`: calendar expressions ("Oct 12", "Monday the 19th", "tomorrow") and calendar arithmetic
- `zones`: zone words and Date-header offsets -> IANA zones
- `clock`: times of day and the zone written next to them; `hiring_zone`, the zone a process is read in
- `durations`: the length of a meeting ("a 45-minute call")
- `slots`: interview slots and agendas (a date with a time)
- `absence`: out-of-office return dates
- `header_date`: the Date header as an aware datetime
- `timelines`: the named timeline rules ("the week after next", "before Christmas"), each with
  `resolve(match, reference)`, built from the data files in `rules/data/`
- `languages`: German, French, Italian, Portuguese and Spanish timeline words rewritten into the English forms
- `vocab`: the data files, extended from the user's rule folders
- `deadline`: the deadline reader, which timeline of a mail is the decision's

Everything resolves against a reference passed in; nothing here reads the clock.
"""
