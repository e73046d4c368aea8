# shape: wkgsh:FactRecord-conflictsWith
# focus: id:fact-mus-member-since
# path: wkg:conflictsWith
# component: sh:ClassConstraintComponent
# severity: Violation
# why: a conflict with something that is not a record
INSERT DATA { GRAPH graph:wco-members { id:fact-mus-member-since wkg:conflictsWith id:wco . id:fact-mus-member-since rdfs:seeAlso id:wco . } } ;
