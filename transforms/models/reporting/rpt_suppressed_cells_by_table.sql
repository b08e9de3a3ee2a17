-- Disclosure control (metrics.md, "Publishing rules") for every count cell of the reporting tables:
--   1. a count from 1 to k - 1 is suppressed (too_few); zero is shown. A count of part of a
--      population published in another table (people with a wage, of the active workforce) whose
--      rest (complement_count) is from 1 to k - 1 is suppressed too (complementary: subtracting it
--      from the population would reveal that small rest);
--   2. complementary suppression: while a row group or column group (cells that sum to a total,
--      the total included) has exactly one suppressed cell, the smallest other cell of the group is
--      suppressed too (complementary): a non-total before a total, a non-zero count before a zero
--      (a withheld zero beside a "too few" cell hides nothing: a complementary cell is never 1 to
--      k - 1, so the two would add up to the small one), then by the cell's complement_rank (a year's
--      submitted applications first; its denied ones last, as the denials table publishes them),
--      then the smaller count, then the keys.
--      Repeated until no group has a lone suppressed cell.
-- The iteration is a recursive CTE. Groups never cross a (table_name, partition_key) partition, so
-- each partition iterates until it has no change of its own (its last step is its result).
with recursive cells as (
    select * from marts.fct_publication_cells
),

rules as (
    select * from staging.stg_publishing_rules
),

apply_primary_suppression as (
    select
        c.*,
        too_few_count(c.cell_count, r.min_cell_count) as is_too_few,
        coalesce(c.cell_count > 0 and too_few_count(c.complement_count, r.min_cell_count), false)
            as protects_rest
    from cells c
    cross join rules r
),

suppress_complements as (
    select
        table_name,
        partition_key,
        row_key,
        column_key,
        cell_count,
        is_total,
        complement_rank,
        row_group_key,
        column_group_key,
        is_too_few,
        is_too_few or protects_rest as is_suppressed,
        0 as iteration,
        true as has_changed
    from apply_primary_suppression
    union all
    select
        table_name,
        partition_key,
        row_key,
        column_key,
        cell_count,
        is_total,
        complement_rank,
        row_group_key,
        column_group_key,
        is_too_few,
        will_be_suppressed,
        iteration + 1,
        bool_or(will_be_suppressed <> is_suppressed) over (partition by table_name, partition_key)
    from (
        select
            *,
            is_suppressed
            or (row_group_key is not null and row_suppressed_count = 1 and row_candidate_rank = 1)
            or (column_group_key is not null and column_suppressed_count = 1 and column_candidate_rank = 1)
                as will_be_suppressed
        from (
            select
                *,
                count(*) filter (where is_suppressed) over (
                    partition by table_name, partition_key, row_group_key
                ) as row_suppressed_count,
                case
                    when not is_suppressed then row_number() over (
                        partition by table_name, partition_key, row_group_key, is_suppressed
                        order by is_total, cell_count = 0, complement_rank, cell_count, row_key, column_key
                    )
                end as row_candidate_rank,
                count(*) filter (where is_suppressed) over (
                    partition by table_name, partition_key, column_group_key
                ) as column_suppressed_count,
                case
                    when not is_suppressed then row_number() over (
                        partition by table_name, partition_key, column_group_key, is_suppressed
                        order by is_total, cell_count = 0, complement_rank, cell_count, row_key, column_key
                    )
                end as column_candidate_rank
            from suppress_complements
            where has_changed
        )
    )
),

keep_last_iteration as (
    select *
    from suppress_complements
    qualify iteration = max(iteration) over (partition by table_name, partition_key)
),

final as (
    select
        table_name,
        partition_key,
        row_key,
        column_key,
        is_total,
        case when not is_suppressed then cell_count end as cell_count,
        is_suppressed,
        case
            when is_too_few then 'too_few'
            when is_suppressed then 'complementary'
        end as suppression_reason_code,
        row_group_key,
        column_group_key
    from keep_last_iteration
)

select * from final
