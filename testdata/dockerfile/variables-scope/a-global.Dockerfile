ARG RUN_AS=root
FROM alpine:3.20
# a global ARG is unknown in a stage unless declared again
USER ${RUN_AS}
