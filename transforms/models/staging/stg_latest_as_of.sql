-- The as-of date of the latest loaded extract: the registry's "today" for the models that stop at
-- it (no row before the first extract is loaded).
select max(as_of) as latest_as_of_date
from meta.extracts
where status = 'loaded'
having count(*) > 0
