-- The registry's career-ladder placements of each member (merged duplicates folded in), each in force
-- until the member's next placement. A merged duplicate's placement on the same day as the
-- surviving account's is kept but marked not in force.
with placements as (
    select * from staging.stg_career_ladder where person_id is not null
),

rank_within_day as (
    select
        *,
        row_number() over (
            partition by person_id, effective_date
            order by (registry_id = person_id) desc, ladder_level desc
        ) = 1 as is_in_force
    from placements
),

add_validity as (
    select
        *,
        case
            when is_in_force
                then lead(effective_date) over (
                    partition by person_id, is_in_force order by effective_date
                )
            else effective_date
        end as valid_to
    from rank_within_day
),

final as (
    select
        person_id,
        registry_id,
        effective_date,
        valid_to,
        is_in_force,
        is_in_force and valid_to is null as is_current,
        ladder_level,
        qsm_eligible_through_date,
        qsm_eligible_through_date is not null as is_qsm_eligible
    from add_validity
)

select * from final
