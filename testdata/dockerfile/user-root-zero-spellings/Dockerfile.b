# +0 is uid 0 too.
FROM alpine:3.19
USER +0:1000
