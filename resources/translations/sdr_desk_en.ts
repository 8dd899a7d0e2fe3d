<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
    <context>
        <name>BuyerMapView</name>
        <message>
            <source>Buyer-role map</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Role</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Stance</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Influence</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Reports to</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Nobody on the map</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Add contact…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Refused: that contact belongs to another account.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Refused: that contact is not on this map.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Refused: that contact is already on the map.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Refused: influence goes from 1 to 5.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Refused: a contact cannot report to themselves.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Refused: that reporting line would make a loop.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>No decider identified</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Only the gatekeeper has been reached</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Committee smaller than expected: %1 of at least %2 people identified</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>influence %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>fit %1%</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Suggested entry point: %1 (%2)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Choose who %1 reports to, then press Enter (Esc cancels)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>No gaps found</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1 reports to %2</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>BuyerRole</name>
        <message>
            <source>Initiator</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Decider</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Buyer</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Influencer</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>User</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Gatekeeper</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Unknown</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>Channel</name>
        <message>
            <source>Phone</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Email</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>WeChat</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>SMS</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Meeting</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Event</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Note</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>Desktop</name>
        <message>
            <source>Unexpected error: %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>SDR Desk cannot start</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>SDR Desk cannot open your profile.</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>Direction</name>
        <message>
            <source>Inbound</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Outbound</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>Duration</name>
        <message>
            <source>%1 min</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1 h %2 min</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1 d %2 h</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>Engagement</name>
        <message>
            <source>Page views</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Pricing page views</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Demo requests</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Contact-sales requests</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Downloads</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Webinars</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Subscriptions</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Email opens</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Email clicks</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>WeChat follows</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>WeChat reads</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Form submissions</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>LeadDetailPane</name>
        <message>
            <source>No lead selected</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Pick a lead in the queue: its contact data, account and history show here.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Phones</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Emails</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Their time</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Seniority</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Buyer role</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Stage</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Came in</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>First touch</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>SLA due</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Next touch</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Do not call</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Yes</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Tags</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Contact</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1 employees</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Account</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Company</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Website</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Industry</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Size</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Country</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Tier / grade</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Customer</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Existing customer</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Recent activities</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>When</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Channel</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Step</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Outcome</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Notes</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>No touches logged yet.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Engagement</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Last engaged</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>No engagement recorded.</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>LeadSource</name>
        <message>
            <source>Web form</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>White paper</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Webinar</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Trade show</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Referral</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Outbound list</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <source>ranking…</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>%n lead(s)</source>
            <translation>
                <numerusform>%n lead</numerusform>
                <numerusform>%n leads</numerusform>
            </translation>
        </message>
        <message>
            <source>Follow the system</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>About SDR Desk</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&lt;h3&gt;SDR Desk %1&lt;/h3&gt;&lt;p&gt;The workstation for Sales Development Reps: a prioritized call queue, research, qualification and offline-first sync.&lt;/p&gt;</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Could not read the local cache: %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>SDR Desk</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Call queue</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Search name, company, phone or email (Ctrl+F)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Lead</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;File</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;View</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Language</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Help</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Quit</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Search the queue</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Go to the &amp;queue</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Go to the lead &amp;details</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;About SDR Desk</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>Outcome</name>
        <message>
            <source>No answer</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Voicemail</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Busy</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Wrong number</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Gatekeeper</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Connected</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Conversation</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Meeting booked</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Not interested</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Call back later</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Bad data</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Sent</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Opened</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Clicked</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Replied</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Downloaded</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Bounced</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Held</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Attended</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Noted</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>QueueModel</name>
        <message>
            <source>Priority</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Name</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Title</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Company</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Their time</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Stage</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Score</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>SLA</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Place in the queue: the sum of the reasons shown in the tooltip</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The prospect's local time, from their time zone</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Lead score: fit plus engagement minus spam</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Time left to the first touch on a new inbound lead</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Not callable right now</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Learner pattern: consumes content, no buying signal yet</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>First touch due %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Time zone unknown</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>Seniority</name>
        <message>
            <source>C-level</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>VP</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Director</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Manager</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Individual contributor</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Student</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Unknown</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>Sla</name>
        <message>
            <source>overdue %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>in %1</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>Stage</name>
        <message>
            <source>New</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Working</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>MQL</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>SQL</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Opportunity</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Nurture</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Disqualified</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>Step</name>
        <message>
            <source>Reach</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Connect</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Conversation</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>SyncStatus</name>
        <message>
            <source>Online</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Offline</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Pending changes: …</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Pending changes: %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1 need attention</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>never</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Last sync: %1</source>
            <translation type="unfinished" />
        </message>
    </context>
</TS>
