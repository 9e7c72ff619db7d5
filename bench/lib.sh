# Helpers shared by the bench/ scripts (sourced, not run).

# The median of the numbers on stdin, one per line; "nan" when there are none.
median() {
  sort -g | awk '{a[NR]=$1} END {if (NR == 0) print "nan"; else if (NR % 2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'
}

# From cii-load / ts-load output on stdin, one value per change, in milliseconds:
# first_to_last, the latest arrival minus the earliest ("max" - "min");
# send_to_last, the latest arrival minus the send time ("max").
first_to_last() { sed -nE 's/.*max ([0-9.]+)  min ([0-9.]+).*/\1 \2/p' | awk '{print $1 - $2}'; }
send_to_last() { sed -nE 's/.*max ([0-9.]+)  min.*/\1/p'; }
