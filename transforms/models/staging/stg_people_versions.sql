-- Every version of every current registry account as received (no names, emails or birth dates),
-- for the history of the people dimension.
with accounts as (
    select * from raw.people
),

current_accounts as (
    select registry_id, person_id from staging.stg_people
),

final as (
    select
        a.registry_id,
        c.person_id,
        a._valid_from as version_valid_from,
        a._valid_to as version_valid_to,
        a._valid_to is null as is_current_version,
        a.home_town as home_town_name,
        a.home_state as home_state_code,
        a.gender as gender_code,
        a.race_ethnicity as race_ethnicity_code,
        a.primary_language as primary_language_code,
        a.member_status as member_status_code,
        l.extract_id
    from accounts a
    left join meta.load_log l on l.load_id = a._load_id
    join current_accounts c using (registry_id)
)

select * from final
