-- Members with verified non-credit training, and members with verified college coursework, in each
-- state fiscal year (training by its fiscal year, coursework by its completion date's), by topic or
-- credit area and in any area ('ALL'); each member counted once per cell. The dashboard pages'
-- training and college-credit cells read these counts (marts.fct_publication_cells_dashboards).
-- A member's records count only towards that member's cells, so a nightly build subtracts the
-- changed members' previous counts and adds their new ones (see the metadata).
with training as (
    select person_id, fiscal_year, topic_area_code as area_code
    from marts.fct_training
    where is_verified and person_id is not null
),

coursework as (
    select
        person_id,
        year(completed_date) + case when month(completed_date) >= 7 then 1 else 0 end as fiscal_year,
        credit_area_code as area_code
    from marts.fct_coursework_credits
    where is_verified and person_id is not null
)

select
    'TRAINING' as activity_code,
    fiscal_year,
    case when grouping(area_code) = 1 then 'ALL' else area_code end as area_code,
    count(distinct person_id) as people_count
from training
group by grouping sets ((fiscal_year, area_code), (fiscal_year))
union all
select
    'COLLEGE_CREDITS',
    fiscal_year,
    case when grouping(area_code) = 1 then 'ALL' else area_code end,
    count(distinct person_id)
from coursework
group by grouping sets ((fiscal_year, area_code), (fiscal_year))
