"""Actions: what a meeting asked someone to do, from the minutes or the clerk's register.

One module per part, each thing defined once:

- ``records``: what the parts share: states, the kinds of history event, an action's label
  (``#12 [5]``, the one spelling every list, prompt and notice uses), the register's view of
  an action, and the checks and writes each change begins and ends with;
- ``lists``: a member's own actions (/actions);
- ``register``: the clerk's changes: add, find, assign, re-date, drop (/action);
- ``updates``: an owner's [Done], [Update] and [Can't do], and an action's history;
- ``reports``: the clerk's register by owner, "actions arising" for the next meeting, the CSV.

Actions carried forward or closed by an imported pack's minutes are recorded by
:mod:`services.imports`, with the event kinds of ``records``.
"""
