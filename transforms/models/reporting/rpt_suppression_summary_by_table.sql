-- How much disclosure control withholds, for the Methodology page: for every published count table,
-- the share of its count cells (all partitions) that are published, withheld as too few, or withheld
-- as complementary. Shares of cells, not counts of people: nothing here describes a person.
with cells as (
    select * from reporting.rpt_suppressed_cells_by_table
),

classify_cells as (
    select table_name, coalesce(suppression_reason_code, 'published') as cell_status_code
    from cells
),

statuses as (
    select * from (values ('published'), ('too_few'), ('complementary')) as t(cell_status_code)
),

tables as (
    select table_name, count(*) as cells from classify_cells group by table_name
),

final as (
    select
        t.table_name,
        s.cell_status_code,
        round(count(c.table_name)::double / t.cells, 4) as cell_pct
    from tables t
    cross join statuses s
    left join classify_cells c on c.table_name = t.table_name and c.cell_status_code = s.cell_status_code
    group by t.table_name, s.cell_status_code, t.cells
)

select * from final
